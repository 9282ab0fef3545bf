"""Conversations: one module per capability, channel-neutral."""
