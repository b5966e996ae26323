"""A bot that answers questions about North Korea's foreign trade from a KOTRA trade brief."""
