while True:
    print("3")
