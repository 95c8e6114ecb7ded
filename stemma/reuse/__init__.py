"""stemma.reuse"""
