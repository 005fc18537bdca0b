"""The instrument builder: program leads create, edit, preview, export and import instruments.

The builder writes the same YAML definitions as the files under `definitions/` and checks them
with the same schema (`tandem.instruments.schema`), so a built instrument is an ordinary one.
"""
