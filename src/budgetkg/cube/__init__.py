"""RDF Data Cube: the structure of the tables (`structure`), the W3C integrity constraints
(`integrity`), and what the published dumps add for consumers that do no reasoning (`publish`)."""
