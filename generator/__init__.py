"""Generator for the site on coordinated care plans: content/ + forms/ -> site/."""
