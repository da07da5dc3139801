"""Appeal letters: the data a letter is made of (context), its HTML and PDF (rendering), and
the only resources WeasyPrint may load while rendering (fetcher)."""
