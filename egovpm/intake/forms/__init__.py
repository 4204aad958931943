"""Forms only parse and type input; the rules live in domain and services."""
