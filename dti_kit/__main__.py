import sys

from dti_kit.cli import main

sys.exit(main())
