"""Handlers: parse the update, call one service, render, reply."""
