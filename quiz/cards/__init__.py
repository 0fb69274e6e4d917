"""The card browser: find cards by text, deck, tag and state; suspend, bury or forget them."""
