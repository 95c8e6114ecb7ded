"""stemma.eval"""
