"""`python -m schema`: regenerate the committed JSON Schemas in schema/json/."""

from ._jsonschema import write_json_schemas

if __name__ == "__main__":
    for path in write_json_schemas():
        print(path)
