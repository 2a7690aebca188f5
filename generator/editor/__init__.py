"""The web editor feature: Decap CMS at admin/, configured from the registries and the schema."""
