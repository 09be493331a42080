"""Topic models over passages: the model, the choice of k, labels, names, boilerplate kept out, effects by plan attribute, and the topic tables of a run."""
