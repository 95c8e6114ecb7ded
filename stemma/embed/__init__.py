"""stemma.embed"""
