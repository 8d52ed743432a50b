"""Tests of scripts/harness.py's parts that need no Postgres, emulator or build: ports, and what an
`Env` takes as parameters (the build, the port picker). The whole harness runs in the short chaos
run (`make test`) and in `make bench`.

    python3 -m unittest discover -s scripts/tests -p 'test_harness.py'
"""

import os
import shutil
import socket
import subprocess
import sys
import unittest

SCRIPTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, SCRIPTS)
import harness  # noqa: E402


def bindable(port):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


class Ports(unittest.TestCase):
    def test_free_ports_are_distinct_and_free(self):
        ports = harness.free_ports(8)
        self.assertEqual(len(set(ports)), 8)
        self.assertTrue(all(bindable(p) for p in ports))

    def test_a_stable_port_is_free_and_below_the_ephemeral_range(self):
        with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
            low = int(f.read().split()[0])
        for _ in range(20):
            port = harness.stable_port()
            self.assertLess(port, low)
            self.assertGreaterEqual(port, 1024)
            self.assertTrue(bindable(port))

    def test_the_command_line_prints_n_ports_on_one_line(self):
        script = os.path.join(SCRIPTS, "harness.py")
        out = subprocess.run([sys.executable, script, "free-ports", "3"], capture_output=True, text=True,
                             check=True).stdout
        self.assertEqual(len(out.splitlines()), 1)
        self.assertEqual(len(set(int(p) for p in out.split())), 3)
        one = subprocess.run([sys.executable, script, "free-ports"], capture_output=True, text=True,
                             check=True).stdout
        self.assertTrue(one.strip().isdigit())
        self.assertEqual(subprocess.run([sys.executable, script, "free-ports", "x"],
                                        capture_output=True).returncode, 2)


class EnvParameters(unittest.TestCase):
    def test_the_build_and_the_port_picker_are_the_envs_own(self):
        picked = iter([41001, 41002])
        env = harness.Env(profile="debug", port=lambda: next(picked))
        self.addCleanup(shutil.rmtree, env.state, ignore_errors=True)
        self.assertEqual((env.pg_port, env.ps_port), (41001, 41002))
        self.assertEqual(env.binary("loadgen"), os.path.join(harness.ROOT, "target", "debug", "loadgen"))
        other = harness.Env()
        self.addCleanup(shutil.rmtree, other.state, ignore_errors=True)
        self.assertEqual(other.binary("examples/chain-bench"),
                         os.path.join(harness.ROOT, "target", "release", "examples", "chain-bench"))
        self.assertIs(other.port, harness.free_port)
        self.assertEqual(os.stat(env.signing_keys).st_mode & 0o777, 0o600)


if __name__ == "__main__":
    unittest.main()
