"""Pieces every domain of the schema uses: scalars, enums, errors, pagination, inputs."""
