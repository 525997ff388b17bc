import OOXML
import Reports
import Templating
