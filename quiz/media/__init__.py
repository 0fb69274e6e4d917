"""Images and sounds of the bank, served by content to the signed-in people who may see them."""
