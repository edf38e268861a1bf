"""Tiny random-weight Marian models that stand in for OPUS-MT in tests and benchmarks.

No real Arabic–English weights can be fetched here, so tests build a model with the real
file layout (``source.spm``, ``target.spm``, ``vocab.json``, ``config.json``, safetensors)
and load it through the real ``from_pretrained`` path. The weights are random: outputs are
gibberish that rarely ends with EOS, which is exactly what exercises the length caps and
repetition guards.
"""

from __future__ import annotations

import io
import json
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

# News-style sentences in both scripts; both spm files see both, so mixed text tokenizes.
CORPUS_EN = (
    "The government announced a new plan to improve public transport in the capital.",
    "Prices of fuel and bread rose sharply last month, according to official figures.",
    "The foreign minister met his counterpart on Tuesday to discuss regional security.",
    "Heavy rain caused flooding in several villages in the north of the country.",
    "The central bank kept interest rates unchanged for the third time this year.",
    "Thousands of students returned to school after the summer holiday.",
    "The company said its profits grew by ten percent in the first quarter.",
    "Doctors warned that the hospital does not have enough medicine for winter.",
    "The national team won the match two goals to one in front of a large crowd.",
    "Officials said the new road will connect the port with the airport.",
    "The parliament approved the budget after a long debate on Sunday.",
    "Farmers are worried about the lack of water during the dry season.",
    "The president called for dialogue between all political parties.",
    "A fire broke out in a factory near the city, but no one was injured.",
    "The ministry of health launched a vaccination campaign for children.",
    "Tourism recovered strongly this year as visitors returned to the old city.",
    "The report shows that unemployment fell among young people.",
    "Negotiations will resume next week in Cairo, the spokesman said.",
    "The museum opened a new exhibition of ancient manuscripts.",
    "Residents complained about power cuts that lasted for hours.",
    "The United Nations said humanitarian aid reached the region on Monday.",
    "Scientists at the university developed a cheaper way to clean water.",
    "Exports of dates and olive oil increased compared with last year.",
    "The court postponed the trial until the end of the month.",
    "In 2024, the economy grew by 3.5 percent; inflation fell to 10%.",
    "Will the new policy reduce prices? Many citizens are not sure!",
)
CORPUS_AR = (
    "أعلنت الحكومة خطة جديدة لتحسين النقل العام في العاصمة.",
    "ارتفعت أسعار الوقود والخبز بشكل حاد الشهر الماضي، وفقا للأرقام الرسمية.",
    "التقى وزير الخارجية نظيره يوم الثلاثاء لبحث الأمن الإقليمي.",
    "تسببت الأمطار الغزيرة في فيضانات في عدة قرى شمال البلاد.",
    "أبقى البنك المركزي أسعار الفائدة دون تغيير للمرة الثالثة هذا العام.",
    "عاد آلاف الطلاب إلى المدارس بعد العطلة الصيفية.",
    "قالت الشركة إن أرباحها نمت بنسبة عشرة في المئة في الربع الأول.",
    "حذر الأطباء من أن المستشفى لا يملك ما يكفي من الأدوية لفصل الشتاء.",
    "فاز المنتخب الوطني بالمباراة بهدفين مقابل هدف أمام جمهور كبير.",
    "قال المسؤولون إن الطريق الجديد سيربط الميناء بالمطار.",
    "وافق البرلمان على الميزانية بعد نقاش طويل يوم الأحد.",
    "يشعر المزارعون بالقلق من نقص المياه خلال موسم الجفاف.",
    "دعا الرئيس إلى الحوار بين جميع الأحزاب السياسية.",
    "اندلع حريق في مصنع قرب المدينة، لكن لم يصب أحد بأذى.",
    "أطلقت وزارة الصحة حملة تطعيم للأطفال.",
    "تعافت السياحة بقوة هذا العام مع عودة الزوار إلى المدينة القديمة.",
    "يظهر التقرير أن البطالة انخفضت بين الشباب.",
    "قال المتحدث إن المفاوضات ستستأنف الأسبوع المقبل في القاهرة.",
    "افتتح المتحف معرضا جديدا للمخطوطات القديمة.",
    "اشتكى السكان من انقطاع الكهرباء الذي استمر لساعات.",
    "قالت الأمم المتحدة إن المساعدات الإنسانية وصلت إلى المنطقة يوم الاثنين.",
    "طور علماء في الجامعة طريقة أرخص لتنقية المياه.",
    "زادت صادرات التمور وزيت الزيتون مقارنة بالعام الماضي.",
    "أجلت المحكمة المحاكمة حتى نهاية الشهر.",
    "في عام 2024، نما الاقتصاد بنسبة 3.5 في المئة؛ وانخفض التضخم إلى 10%.",
    "هل ستخفض السياسة الجديدة الأسعار؟ كثير من المواطنين غير متأكدين!",
)

SPM_VOCAB_SIZE = 400


def _train_spm(vocab_size: int = SPM_VOCAB_SIZE, extra_corpus: Sequence[str] = ()) -> bytes:
    import sentencepiece as spm

    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(CORPUS_EN + CORPUS_AR + tuple(extra_corpus)),
        model_writer=model,
        model_type="unigram",
        vocab_size=vocab_size,
        hard_vocab_limit=False,  # the corpus is tiny: take what it yields
        character_coverage=1.0,  # keep every Arabic letter
        bos_id=-1,  # Marian has no BOS; decoding starts from <pad>
        num_threads=1,
        minloglevel=2,
    )
    return model.getvalue()


def _marian_vocab(
    spm_bytes: bytes, target_tokens: Sequence[str], size: int | None = None
) -> dict[str, int]:
    """OPUS-MT's layout: ``</s>`` 0, ``<unk>`` 1, pieces, language tokens, (fillers up to
    ``size``), ``<pad>`` last."""
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_proto=spm_bytes)
    tokens = ["</s>", "<unk>"]
    tokens += [
        processor.id_to_piece(i)
        for i in range(processor.get_piece_size())
        if not (processor.is_control(i) or processor.is_unknown(i))
    ]
    tokens += [t for t in target_tokens if t not in tokens]
    if size is not None:
        tokens += [f"▁filler{index}" for index in range(size - len(tokens) - 1)]
    tokens.append("<pad>")
    return {token: index for index, token in enumerate(tokens)}


def build_standin_marian(
    out_dir: Path,
    source_lang: str,
    target_lang: str,
    *,
    target_tokens: Sequence[str] = (),
    max_positions: int = 128,
    seed: int = 0,
    extra_corpus: Sequence[str] = (),
    d_model: int = 32,
    layers: int = 1,
    heads: int = 2,
    ffn_dim: int | None = None,
    vocab_size: int | None = None,
    spm_vocab_size: int = SPM_VOCAB_SIZE,
) -> Path:
    """Write a random-weight MarianMT model and its tokenizer into ``out_dir``; return it.

    ``target_tokens`` (e.g. ``(">>ara<<", ">>fra<<")``) are added to the vocabulary, as in
    multi-target OPUS-MT models. ``max_positions`` bounds the input and output length.
    ``extra_corpus`` adds sentences to what the tokenizer is trained on (so that, say,
    ``XZQ0`` can be spelled); ``d_model``, ``layers``, ``heads`` and ``ffn_dim`` (default
    ``2 * d_model``) size the network. ``vocab_size`` pads the vocabulary with filler pieces
    up to that size, so that the output projection costs what a real model's does (OPUS-MT
    ar-en: 62,834); the tokenizer never writes them, but a random decoder does.
    ``spm_vocab_size`` sizes the sentencepiece vocabulary: with a large one trained on a
    large ``extra_corpus``, sentences take about as many tokens as with a real model.
    """
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    spm_bytes = _train_spm(spm_vocab_size, extra_corpus)
    vocab = _marian_vocab(spm_bytes, target_tokens, vocab_size)

    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        (scratch / "source.spm").write_bytes(spm_bytes)
        (scratch / "target.spm").write_bytes(spm_bytes)
        (scratch / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), "utf-8")
        tokenizer = MarianTokenizer(
            source_spm=str(scratch / "source.spm"),
            target_spm=str(scratch / "target.spm"),
            vocab=str(scratch / "vocab.json"),
            source_lang=source_lang,
            target_lang=target_lang,
            model_max_length=max_positions,
        )
        tokenizer.save_pretrained(str(out_dir))
        for name in ("source.spm", "target.spm", "vocab.json"):
            if not (out_dir / name).exists():
                shutil.copyfile(scratch / name, out_dir / name)

    pad_id = vocab["<pad>"]
    config = MarianConfig(
        vocab_size=len(vocab),
        d_model=d_model,
        encoder_layers=layers,
        decoder_layers=layers,
        encoder_attention_heads=heads,
        decoder_attention_heads=heads,
        encoder_ffn_dim=ffn_dim or 2 * d_model,
        decoder_ffn_dim=ffn_dim or 2 * d_model,
        max_position_embeddings=max_positions,
        pad_token_id=pad_id,
        decoder_start_token_id=pad_id,  # Marian starts decoding from <pad>
        eos_token_id=vocab["</s>"],
        forced_eos_token_id=vocab["</s>"],
        scale_embedding=True,
    )
    torch.manual_seed(seed)
    model = MarianMTModel(config).eval()
    model.generation_config.bad_words_ids = [[pad_id]]  # as OPUS-MT's generation config
    model.save_pretrained(str(out_dir))
    return out_dir
