"""Translation catalogs: Qt's .ts/.qm for the window, core_<lang>.json for core's texts."""
