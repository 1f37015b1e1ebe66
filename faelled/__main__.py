from faelled.cli import main

main()
