import OOXML
