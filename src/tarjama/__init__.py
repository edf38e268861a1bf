"""tarjama: Arabic <-> English machine translation and bilingual publishing.

Importing the package loads no model and touches no file: models load on first use.
"""

__version__ = "0.1.0"
