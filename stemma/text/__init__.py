"""stemma.text"""
