"""The themes of the codebook: the codebook itself, phrase matching, and per-plan counts, rates and intervals with their evidence."""
