"""The figure registry and what is built on it: an office's figures and the municipalities behind each count."""
