import Foundation
import OACCLI

exit(OAC.runMain())
