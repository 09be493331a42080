"""What words distinguish plans: TF-IDF and similarity, keyness, collocations (all from the one document-feature matrix, measure.features)."""
