"""The memory model in the settings: optimize now, go back to the defaults, retention and scheduling comforts."""
