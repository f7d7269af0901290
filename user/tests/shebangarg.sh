#!/bin/echo an-argument-from-the-#!-line
