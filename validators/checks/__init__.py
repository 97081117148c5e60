"""Evidence functions, one module per family; each declares its checks in a CHECKS tuple (see validators.registry)."""
