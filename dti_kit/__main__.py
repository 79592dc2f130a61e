import sys

from dti_kit.cli.main import main

sys.exit(main())
