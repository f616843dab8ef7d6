"""The Anki deck: note types, notes, the ``.apkg`` bytes, and the manifest of note times."""
