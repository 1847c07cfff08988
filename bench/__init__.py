"""The scale benchmark (FEATURES PF-4): see bench/README.md."""
