"""Link people, places and organizations to the authority index and external records."""
