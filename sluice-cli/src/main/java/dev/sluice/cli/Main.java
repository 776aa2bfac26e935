package dev.sluice.cli; public class Main { public static void main(String[] a) {} }
