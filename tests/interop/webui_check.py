#!/usr/bin/env python3
"""Drives Shoal's web UI in headless Chromium (Debian's chromium, chromium-driver and
python3-selenium): logs in, waits for a torrent to be listed, then adds a magnet by typing it
and clicking "Add". Exit status 0 when all of it worked; the test then checks the daemon.

    webui_check.py URL PASSWORD LISTED_NAME MAGNET
"""
import sys

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait


def main():
    url, password, listed, magnet = sys.argv[1:5]
    options = Options()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-extensions", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--metrics-recording-only"):
        options.add_argument(arg)
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        wait = WebDriverWait(driver, 20)
        driver.get(url)
        wait.until(ec.visibility_of_element_located((By.ID, "password"))).send_keys(password)
        driver.find_element(By.ID, "login-button").click()
        wait.until(ec.text_to_be_present_in_element((By.ID, "torrents"), listed))
        print("listed:", listed)
        driver.find_element(By.ID, "add-text").send_keys(magnet)
        driver.find_element(By.ID, "add-button").click()
        wait.until(ec.text_to_be_present_in_element((By.ID, "message"), "Added."))
        print("added through the page")
        return 0
    finally:
        driver.quit()


if __name__ == "__main__":
    sys.exit(main())
