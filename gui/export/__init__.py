"""Exports of a run, drawn by the same GraphScene the window shows, one module per job:

- core.teaching.slides: which pages a deck has (headless; shared by every deck format)
- scene: the window's scene uncached for vector output, and framed for a page
- painting: the title and step pages, painted on a 1920 × 1080 canvas
- encode: Qt's encoders into memory (the files are written by core.io.atomic)
- writers: the PDF deck, the folder of PNG slides, one picture as PNG or SVG
- pptx: the PowerPoint deck (python-pptx, an optional extra)
- recording: the played steps as frames, tokens moving as in the window
- video: those frames as a GIF (Pillow) or an MP4 (imageio-ffmpeg), optional extras
- worksheet: the graph with numbered blanks, the blanks, and an answer key (PDF)
"""
