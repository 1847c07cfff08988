"""Fixed catalogues of the wholesale offer: packages, locales, countries and regions."""
