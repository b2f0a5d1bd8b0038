import os
import runpy
from unittest import mock

from django.core.exceptions import ImproperlyConfigured
from django.test import SimpleTestCase

from config import heartbeat

from .servers import BASE_DIR

CONFIG = BASE_DIR / "config" / "gunicorn.conf.py"


def load_config(**env):
    """The gunicorn config file's settings, read as gunicorn reads it, under `env`."""
    names = ["PORT", "WEB_CONCURRENCY", "GUNICORN_TIMEOUT", "GUNICORN_MAX_REQUESTS", "LOG_LEVEL", "WARM_UP"]
    clean = {key: value for key, value in os.environ.items() if key not in names}
    with mock.patch.dict(os.environ, {**clean, **env}, clear=True):
        return runpy.run_path(str(CONFIG))


class GunicornConfigTests(SimpleTestCase):
    def test_each_worker_registers_for_long_responses_to_say_it_is_alive(self):
        class Worker:
            beats = 0

            def notify(self):
                self.beats += 1

        worker = Worker()
        self.addCleanup(heartbeat.register, None)
        load_config()["post_fork"](None, worker)
        heartbeat.beat()
        self.assertEqual(worker.beats, 1)

    def test_each_worker_warms_up_before_it_takes_a_request(self):
        with mock.patch("config.warmup.warm_up") as warm_up:
            load_config()["post_worker_init"](None)
        warm_up.assert_called_once_with()

    def test_warm_up_false_leaves_it_to_the_first_requests(self):
        config = load_config(WARM_UP="false")
        with mock.patch("config.warmup.warm_up") as warm_up:
            config["post_worker_init"](None)
        warm_up.assert_not_called()

    def test_a_malformed_warm_up_is_refused_by_name_at_start(self):
        with self.assertRaisesMessage(ImproperlyConfigured, "WARM_UP"):
            load_config(WARM_UP="maybe")

    def test_workers_follow_the_cpus_this_process_may_use(self):
        config = load_config()
        self.assertEqual(config["workers"], 2 * len(os.sched_getaffinity(0)) + 1)

    def test_web_concurrency_sets_the_workers(self):
        self.assertEqual(load_config(WEB_CONCURRENCY="3")["workers"], 3)

    def test_it_listens_on_port_8000_or_port(self):
        self.assertEqual(load_config()["bind"], ["0.0.0.0:8000"])
        self.assertEqual(load_config(PORT="8080")["bind"], ["0.0.0.0:8080"])

    def test_workers_are_replaced_after_a_hundred_thousand_requests_by_default(self):
        config = load_config()
        self.assertEqual((config["max_requests"], config["max_requests_jitter"]), (100000, 10000))

    def test_timeouts_and_recycling_have_bounds(self):
        config = load_config(GUNICORN_TIMEOUT="45", GUNICORN_MAX_REQUESTS="500")
        self.assertEqual(
            (config["timeout"], config["max_requests"], config["max_requests_jitter"]), (45, 500, 50)
        )

    def test_logs_go_to_standard_output(self):
        config = load_config(LOG_LEVEL="WARNING")
        self.assertEqual((config["accesslog"], config["errorlog"], config["loglevel"]), ("-", "-", "warning"))

    def test_instances_on_one_host_share_no_control_socket(self):
        self.assertIs(load_config()["control_socket_disable"], True)

    def test_a_malformed_number_is_refused_by_name(self):
        with self.assertRaisesMessage(ImproperlyConfigured, "WEB_CONCURRENCY"):
            load_config(WEB_CONCURRENCY="lots")
