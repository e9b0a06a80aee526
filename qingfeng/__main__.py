import sys

from qingfeng.cli import main

sys.exit(main())
