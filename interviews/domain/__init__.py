"""Business rules: every state change and every query that matters.

Views and tasks call these functions; nothing else changes a request.
"""
