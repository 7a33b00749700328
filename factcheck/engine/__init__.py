"""Engines that run the batch past one process. ``ray_engine``: Ray Data (``pip install factcheck[ray]``)."""
