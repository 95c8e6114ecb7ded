"""stemma.quotes"""
