#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    # The development default keeps `make run` free of set-up; production sets DJANGO_SETTINGS_MODULE (the WSGI
    # entry point egovpm.config.wsgi has no default and refuses to start without it).
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egovpm.config.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
