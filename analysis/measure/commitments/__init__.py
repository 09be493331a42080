"""What plans promise: targets and deadlines, lead and coordinating agencies, central documents implemented or cited."""
