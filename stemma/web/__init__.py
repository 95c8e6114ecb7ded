"""stemma.web"""
