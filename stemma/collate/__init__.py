"""stemma.collate"""
