"""stemma.stories"""
