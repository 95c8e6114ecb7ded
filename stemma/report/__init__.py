"""stemma.report"""
