# Keeps 1 MiB blocks, touched, until the memory limit stops it.
blocks = []
for i in range(1024):
    blocks.append(bytearray(b"x" * (1 << 20)))
