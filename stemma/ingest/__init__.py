"""stemma.ingest"""
