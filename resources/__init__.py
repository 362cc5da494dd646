"""Files shipped with the program (the icon); installed as ``backprop_studio.resources``."""
